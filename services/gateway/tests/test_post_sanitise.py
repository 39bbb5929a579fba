"""The sanitiser keeps what the Bot API's HTML parse mode accepts and nothing else."""

from __future__ import annotations

import pytest

from peerline_gateway.posts.sanitise import TEXT_LIMIT, sanitise, visible_length, visible_text


@pytest.mark.parametrize(("source", "expected"), [
    ("<b>Naloxone</b> & <i>you</i>", "<b>Naloxone</b> &amp; <i>you</i>"),
    ("<strong>a</strong><em>b</em><ins>c</ins><del>d</del>", "<b>a</b><i>b</i><u>c</u><s>d</s>"),
    ('<a href="https://example.org/?a=1&b=2" onclick="x()">site</a>',
     '<a href="https://example.org/?a=1&amp;b=2">site</a>'),
    ('<a href="tg://resolve?domain=peerline">bot</a>', '<a href="tg://resolve?domain=peerline">bot</a>'),
    ('<a href="javascript:alert(1)">x</a>', "x"),
    ('<a href="data:text/html,hi">x</a>', "x"),
    ("<script>alert(1)</script>safe", "safe"),
    ("<style>b{}</style><b>ok</b>", "<b>ok</b>"),
    ("dose < 0.4 mg > none", "dose &lt; 0.4 mg &gt; none"),
    ("<p>one</p><p>two</p>", "one\n\ntwo"),
    ("line<br>two<br/>three", "line\ntwo\nthree"),
    ("<b>left open", "<b>left open</b>"),
    ("</i>stray end", "stray end"),
    ("<b>bold <i>both</b> after", "<b>bold <i>both</i></b> after"),
    ('<span class="tg-spoiler">s</span><img src=x onerror=y>', "s"),
    ('<a href="https://a.org"><a href="https://b.org">in</a></a>', '<a href="https://a.org">in</a>'),
    ("&lt;b&gt; is text", "&lt;b&gt; is text"),
    ("<blockquote>quote</blockquote><code>x</code><pre>y</pre>",
     "<blockquote>quote</blockquote><code>x</code><pre>y</pre>"),
    ("  \n\n\n\ntext\n\n\n\nmore  ", "text\n\nmore"),
])
def test_sanitise(source: str, expected: str) -> None:
    assert sanitise(source) == expected


def test_sanitising_twice_changes_nothing() -> None:
    once = sanitise('<b>a & b</b> <a href="https://x.org/?q=1&r=2">l</a> 1 < 2')
    assert sanitise(once) == once


def test_visible_length_counts_what_a_reader_sees_in_utf16() -> None:
    text = sanitise('<b>Привіт</b> &amp; <a href="https://example.org">😀</a>')
    assert visible_text(text) == "Привіт & 😀"
    assert visible_length(text) == 6 + 3 + 2  # the emoji is two UTF-16 units, as Telegram counts
    assert TEXT_LIMIT == 4096
