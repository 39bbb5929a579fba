"""Versioning that works: one registry by (type, schema_version), upcasting from v1 to v2, and a
rolling deploy where v1 and v2 producers publish to a real nats-server and one consumer reads
both. The example is `ConsultantSaved`: v1 was typed as a command and defaulted `ok` to True."""

from __future__ import annotations

import asyncio
import uuid

import nats
import pytest
from nats.js.api import StreamConfig

from peerline_devtools.localservers import NatsServer
from peerline_shared import events
from peerline_shared.events import (
    ALL_MESSAGES,
    MESSAGE_KINDS,
    OLDER_VERSIONS,
    REGISTRY,
    Actor,
    ConsultantSaved,
    ConsultantSavedV1,
    ConsultantView,
    ContentActor,
    DeleteArticle,
    DeleteArticleV1,
    ListQueue,
    Registry,
    SaveArticle,
    SaveArticleV1,
    UnknownMessage,
    UnreadableMessage,
    decode,
    decode_as_written,
    encode,
    key_of,
    parse_type_header,
    type_header,
)

OLENA = ConsultantView(consultant_id=uuid.UUID(int=7), alias="Olena", languages=("uk",))
TYPE_HEADER = "Peerline-Event-Type"


def test_every_message_is_registered_under_its_type_and_version() -> None:
    assert len(REGISTRY.versions()) == len(ALL_MESSAGES) + len(OLDER_VERSIONS)
    for model in (*ALL_MESSAGES, *OLDER_VERSIONS):
        assert REGISTRY.model(key_of(model)) is model


def test_every_message_is_exactly_one_kind() -> None:
    for model in ALL_MESSAGES:
        kinds = [kind.__name__ for kind in MESSAGE_KINDS if issubclass(model, kind)]
        assert len(kinds) == 1, f"{model.__name__}: {kinds}"
    assert not issubclass(events.CommandResult, events.Event)
    assert not issubclass(events.ClaimConversation, events.Event)
    assert issubclass(events.ConversationClaimed, events.Event)


def test_a_v1_body_is_upcast_to_v2() -> None:
    saved = decode(ConsultantSaved, encode(ConsultantSavedV1(consultant=OLENA)))
    assert (saved.type, saved.schema_version, saved.ok, saved.consultant) == (
        "reply.consultant_saved", 2, True, OLENA)
    refused = decode(ConsultantSaved, encode(ConsultantSavedV1(ok=False, error="forbidden")))
    assert (refused.ok, refused.error) == (False, "forbidden")


def test_a_v1_success_without_a_consultant_becomes_the_error_it_was() -> None:
    # v1's `ok` defaulted to True: this is what a producer that forgot it sent.
    lying = decode(ConsultantSaved, encode(ConsultantSavedV1(error=None, consultant=None)))
    assert not lying.ok and lying.error == "not_saved"


def test_a_consumer_that_knows_only_v1_refuses_v2_with_a_reason() -> None:
    with pytest.raises(UnreadableMessage, match="version 2 cannot be read"):
        decode(ConsultantSavedV1, encode(ConsultantSaved(consultant=OLENA)))


def test_an_unknown_version_is_unreadable_not_a_crash() -> None:
    body = encode(ConsultantSaved(consultant=OLENA)).replace(b'"schema_version":2', b'"schema_version":9')
    with pytest.raises(UnreadableMessage, match="version 9"):
        decode(ConsultantSaved, body)


def test_v2_json_still_says_ok_for_readers_of_the_field() -> None:
    assert b'"ok":true' in encode(ConsultantSaved(consultant=OLENA))


def test_the_relay_decodes_by_type_and_version_as_written() -> None:
    v1 = ConsultantSavedV1(consultant=OLENA)
    assert decode_as_written(encode(v1)) == v1
    with pytest.raises(UnreadableMessage):
        decode_as_written(b'{"type":"no.such.thing","schema_version":1}')


def test_the_type_header_names_a_registered_model() -> None:
    for model in (*ALL_MESSAGES, *OLDER_VERSIONS):
        assert parse_type_header(f"{key_of(model)[0]}/v{key_of(model)[1]}") == key_of(model)
    assert parse_type_header(type_header(ConsultantSaved(consultant=OLENA))) == ("reply.consultant_saved", 2)
    with pytest.raises(ValueError):
        parse_type_header("conversation.claimed")


def test_the_publisher_writes_the_registrys_type_header() -> None:
    from peerline_shared.bus import TYPE_HEADER as PUBLISHED_HEADER
    from peerline_shared.bus import event_headers

    saved = ConsultantSaved(consultant=OLENA)
    assert PUBLISHED_HEADER == TYPE_HEADER
    assert event_headers(saved)[TYPE_HEADER] == type_header(saved)


async def test_rolling_deploy_v1_and_v2_producers_one_consumer(nats_server: NatsServer) -> None:
    """An old directory (v1) and a new one (v2) publish during a rolling deploy; the consumer,
    upgraded first, handles both, picking each model by the type header and upcasting v1."""
    subject = f"rolling.{uuid.uuid4().hex}"
    connection = await nats.connect(nats_server.url)
    try:
        js = connection.jetstream()
        await js.add_stream(StreamConfig(name=f"ROLLING_{uuid.uuid4().hex[:8]}", subjects=[subject]))
        old, new = ConsultantSavedV1(consultant=OLENA), ConsultantSaved(consultant=OLENA)
        for produced in (old, new):
            await js.publish(subject, encode(produced), headers={
                "Nats-Msg-Id": str(produced.event_id), TYPE_HEADER: type_header(produced)})
        consumer = await js.pull_subscribe(subject, durable=f"c{uuid.uuid4().hex[:8]}")
        received = await consumer.fetch(2, timeout=10)
        handled = []
        for message in received:
            written = REGISTRY.model(parse_type_header(message.headers[TYPE_HEADER]))
            handled.append((written.__name__, decode(ConsultantSaved, message.data)))
            await message.ack()
    finally:
        await connection.close()
    assert [name for name, _ in handled] == ["ConsultantSavedV1", "ConsultantSaved"]
    assert [(s.schema_version, s.ok, s.consultant) for _, s in handled] == [(2, True, OLENA)] * 2
    assert [s.event_id for _, s in handled] == [old.event_id, new.event_id]


async def test_rolling_deploy_over_request_reply(nats_server: NatsServer) -> None:
    """The same over request/reply, where `ConsultantSaved` travels today."""
    connection = await nats.connect(nats_server.url)
    try:
        async def old_directory(msg: nats.aio.msg.Msg) -> None:
            await msg.respond(encode(ConsultantSavedV1(ok=False, error="forbidden")))

        async def new_directory(msg: nats.aio.msg.Msg) -> None:
            await msg.respond(encode(ConsultantSaved(consultant=OLENA)))

        old_subject, new_subject = f"rpc.old.{uuid.uuid4().hex}", f"rpc.new.{uuid.uuid4().hex}"
        await connection.subscribe(old_subject, cb=old_directory)
        await connection.subscribe(new_subject, cb=new_directory)
        replies = await asyncio.gather(connection.request(old_subject, b"{}", timeout=10),
                                       connection.request(new_subject, b"{}", timeout=10))
    finally:
        await connection.close()
    old, new = (decode(ConsultantSaved, reply.data) for reply in replies)
    assert (old.ok, old.error, new.ok, new.consultant) == (False, "forbidden", True, OLENA)


def test_read_picks_the_newest_model_by_the_type_header_or_the_body() -> None:
    old = ConsultantSavedV1(consultant=OLENA)
    by_header = events.read(encode(old), type_header(old))
    by_body = events.read(encode(old))
    assert isinstance(by_header, ConsultantSaved) and by_header == by_body
    claimed = events.ConversationClaimed(conversation_id=uuid.UUID(int=9), state="active", urgency="high",
                                         lang="uk", channel="web")
    assert events.read(encode(claimed), type_header(claimed)) == claimed
    with pytest.raises(UnreadableMessage):
        events.read(encode(claimed), "no.such.type/v1")
    with pytest.raises(UnreadableMessage):
        events.read(b"not json")


def test_an_upcaster_that_gives_the_wrong_version_is_caught() -> None:
    registry = Registry((ConsultantSavedV1, ConsultantSaved))
    registry.upcaster("command.consultant_saved", 1, into=ConsultantSaved)(lambda payload: payload)
    with pytest.raises(UnknownMessage, match="gave"):
        registry.upcast({"type": "command.consultant_saved", "schema_version": 1}, ConsultantSaved)
    assert registry.newest(("command.consultant_saved", 1)) is ConsultantSaved


ARTICLE = {"lang": "uk", "title": "Налоксон", "body": "Спрей у ніс.", "topics": ("overdose",)}


def test_a_v1_library_change_is_upcast_with_its_actor_and_proof_unchanged() -> None:
    supervisor = Actor(consultant_id=uuid.UUID(int=3), alias="Taras", role="supervisor", proof="v1.1.ab")
    saved = decode(SaveArticle, encode(SaveArticleV1(actor=supervisor, **ARTICLE)))  # type: ignore[arg-type]
    assert (saved.schema_version, saved.title, saved.topics) == (2, "Налоксон", ("overdose",))
    assert saved.actor == ContentActor(**supervisor.model_dump())
    article_id = uuid.UUID(int=4)
    deleted = decode(DeleteArticle, encode(DeleteArticleV1(actor=supervisor, article_id=article_id)))
    assert (deleted.schema_version, deleted.article_id, deleted.actor.proof) == (2, article_id, "v1.1.ab")


def test_an_editor_travels_only_in_v2_of_the_library_changes() -> None:
    editor = ContentActor(consultant_id=uuid.UUID(int=5), alias="Iryna", role="editor")
    body = encode(SaveArticle(actor=editor, **ARTICLE))  # type: ignore[arg-type]
    assert decode(SaveArticle, body).actor.role == "editor"
    with pytest.raises(UnreadableMessage, match="version 2 cannot be read"):
        decode(SaveArticleV1, body)  # a directory before v2: the gateway must wait for it
    as_v1 = body.replace(b'"schema_version":2', b'"schema_version":1')
    with pytest.raises(UnreadableMessage, match="role"):
        decode(SaveArticle, as_v1)  # v1 never carried an editor, so none is smuggled through it
    queue = encode(ListQueue(actor=Actor(consultant_id=editor.consultant_id, alias="Iryna")))
    with pytest.raises(UnreadableMessage, match="role"):
        decode(ListQueue, queue.replace(b'"role":"consultant"', b'"role":"editor"'))


def test_both_kinds_of_actor_are_written_as_they_always_were() -> None:
    """`Actor` and `ContentActor` share their fields through `SignedActor`; the bytes on the wire
    (field order included, which the proof's receivers and older consumers read) do not move."""
    olena, proof = uuid.UUID(int=6), "v1.1.ab"
    written = (b'{"consultant_id":"00000000-0000-0000-0000-000000000006","alias":"Olena",'
               b'"role":"%s","proof":"v1.1.ab"}')
    assert Actor(consultant_id=olena, alias="Olena", proof=proof).model_dump_json().encode() == (
        written % b"consultant"
    )
    editor = ContentActor(consultant_id=olena, alias="Olena", role="editor", proof=proof)
    assert editor.model_dump_json().encode() == written % b"editor"


def test_the_library_changes_name_their_older_versions() -> None:
    assert REGISTRY.newest(key_of(SaveArticleV1)) is SaveArticle
    assert REGISTRY.newest(key_of(DeleteArticleV1)) is DeleteArticle
    assert {SaveArticleV1, DeleteArticleV1} <= set(OLDER_VERSIONS)
