"""Who may publish and subscribe to what on NATS: one user per service, least privilege.

The one table of NATS permissions. Both server configurations are generated from it:
`peerline run`'s (peerline_devtools.localservers, with passwords generated into the data
folder) and production's (infra/nats/cluster/identities.conf, written by
`peerline nats identities-conf`; the passwords are the secret files of make-secrets.sh).

What a service may do, said once in terms of what its code does:

- `publishes`: stream subjects it stores events on (a JetStream publish);
- `requests`: RPC subjects it sends commands or queries to;
- `serves`: RPC subjects it answers (it may then reply to each request once, and only to
  the request's reply subject: nats-server's `allow_responses`);
- `consumes`: its durable consumers on the events stream, each with its filter subject: it may
  create, look up, pull from and ack that consumer only (the filter is part of the allowed
  create subject, so it cannot re-point its consumer at other events), and park on
  `helpline.parked.<durable>`;
- `follows`: subjects it watches live (core subscriptions beside the stream);
- `leases`: the keys of the lease bucket it campaigns for (peerline_shared.bus.lease): it may
  create and look up the bucket's stream, read its entries, and write those keys only (no
  service can take or release another's lease).

Replies come back on the service's own inbox prefix (`_INBOX_<name>.`), which no other
identity may subscribe to: nobody reads another service's answers.

Only the gateway publishes console commands (`helpline.rpc.notifications.*`, the directory's
`manage` RPCs); Telegram's adapter publishes its own inbound channel and delivery reports and
reads only `helpline.outbound.telegram`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from peerline_shared.events import subjects as subj
from peerline_shared.events.common import CHANNELS

JS_API = "$JS.API"
INBOX_PREFIX = "_INBOX"
ADMIN = "admin"
PROVISIONED_STREAMS = (subj.STREAM_EVENTS, subj.STREAM_PARKED)


@dataclass(frozen=True)
class Durable:
    """A durable pull consumer on the events stream, by name and filter subject."""

    name: str
    subject: str


@dataclass(frozen=True)
class Identity:
    """One NATS user and what it may do (see the module's docstring)."""

    name: str
    publishes: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    consumes: tuple[Durable, ...] = ()
    follows: tuple[str, ...] = ()
    leases: tuple[str, ...] = ()
    provisions_streams: bool = True
    unrestricted: bool = False
    """Every subject: the operator's identity (inspection with the `nats` CLI, tests)."""

    @property
    def inbox_prefix(self) -> str:
        return inbox_prefix(self.name)

    def publish_allowed(self) -> tuple[str, ...]:
        allowed = [*self.publishes, *self.requests]
        if self.provisions_streams:
            allowed += [f"{JS_API}.STREAM.{verb}.{stream}"
                        for stream in PROVISIONED_STREAMS for verb in ("INFO", "CREATE", "UPDATE")]
        for durable in self.consumes:
            allowed += _durable_publish(durable)
        if self.leases:
            allowed += _lease_publish(subj.LEASE_BUCKET, self.leases)
        return tuple(allowed)

    def subscribe_allowed(self) -> tuple[str, ...]:
        return (f"{self.inbox_prefix}.>", *self.serves, *self.follows)

    def may_publish(self, subject: str) -> bool:
        return self.unrestricted or any(matches(allowed, subject) for allowed in self.publish_allowed())

    def may_subscribe(self, subject: str) -> bool:
        """Whether the server lets this user subscribe to `subject` (itself maybe a wildcard:
        then every subject it covers must be allowed)."""
        return self.unrestricted or any(matches(allowed, subject) for allowed in self.subscribe_allowed())


def matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` is one token, a final `>` one or more; a wildcard in
    `subject` matches only the same or a wider wildcard in `pattern`."""
    wanted, given = pattern.split("."), subject.split(".")
    for index, token in enumerate(wanted):
        if token == ">":
            return len(given) > index
        if index >= len(given):
            return False
        if (token != "*" and token != given[index]) or (token == "*" and given[index] == ">"):
            return False
    return len(given) == len(wanted)


def _durable_publish(durable: Durable) -> list[str]:
    stream, name = subj.STREAM_EVENTS, durable.name
    return [
        f"{JS_API}.CONSUMER.INFO.{stream}.{name}",
        f"{JS_API}.CONSUMER.CREATE.{stream}.{name}.{durable.subject}",
        f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.{name}",
        f"$JS.ACK.{stream}.{name}.>",  # ack, nak with delay, in progress
        subj.parked(name),
    ]


def _lease_publish(bucket: str, keys: tuple[str, ...]) -> list[str]:
    stream = f"KV_{bucket}"
    return [
        f"{JS_API}.STREAM.INFO.{stream}",
        f"{JS_API}.STREAM.CREATE.{stream}",
        f"{JS_API}.STREAM.MSG.GET.{stream}",
        f"{JS_API}.DIRECT.GET.{stream}.>",
        *(f"$KV.{bucket}.{key}" for key in keys),
    ]


def inbox_prefix(user: str | None) -> str:
    """The reply inbox prefix of a NATS user (`_INBOX_gateway`); nats-py's default without one."""
    return f"{INBOX_PREFIX}_{user}" if user else INBOX_PREFIX


def connect_options(user: str | None) -> dict[str, str]:
    """nats-py `connect` keywords for a client logged in as `user`: its own reply inboxes,
    the only ones its permissions let it subscribe to."""
    return {"inbox_prefix": inbox_prefix(user)}


CONVERSATION_FOLLOWED_BY_DIRECTORY = ("claimed", "transferred", "requeued", "closed")
CONVERSATION_FOLLOWED_BY_GATEWAY = ("claimed", "transferred", "closed")
TELEGRAM_ALERTS = (
    subj.RPC_TELEGRAM_ALERTS_DRAFT,
    subj.RPC_TELEGRAM_ALERTS_APPROVE,
    subj.RPC_TELEGRAM_ALERTS_CANCEL,
    subj.RPC_TELEGRAM_ALERTS_LIST,
    subj.RPC_TELEGRAM_ALERTS_ACTIVE,
    subj.RPC_TELEGRAM_ALERTS_AUDIT,
)
DIRECTORY_MANAGE = (
    subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS,
    subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT,
    subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT,
    subj.RPC_DIRECTORY_MANAGE_LIST_SHIFTS,
    subj.RPC_DIRECTORY_MANAGE_ADD_SLOT,
    subj.RPC_DIRECTORY_MANAGE_REMOVE_SLOT,
    subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE,
    subj.RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE,
    subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST_KIND,
    subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST,
    subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE,
    subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
)

TELEGRAM_CHANNEL_POSTS = (
    subj.RPC_TELEGRAM_CHANNEL_PUBLISH, subj.RPC_TELEGRAM_CHANNEL_EDIT, subj.RPC_TELEGRAM_CHANNEL_DELETE,
)

GATEWAY = Identity(
    name="gateway",
    publishes=(subj.inbound("web"), subj.CLIENT_ERASURE_REQUESTED),
    requests=(
        *(subj.rpc_notifications(command) for command in subj.NOTIFICATIONS_RPC_COMMANDS
          if command != "export_corrections"),
        subj.RPC_DIRECTORY_PRESENCE, subj.RPC_DIRECTORY_ON_SHIFT, subj.RPC_DIRECTORY_SEARCH,
        subj.RPC_DIRECTORY_SPECIALISTS, subj.RPC_DIRECTORY_ARTICLES, *DIRECTORY_MANAGE,
        *TELEGRAM_CHANNEL_POSTS, *TELEGRAM_ALERTS,
        subj.RPC_DIRECTORY_TELEGRAM_MANAGE,
    ),
    consumes=(
        Durable("gateway-outbound-web", subj.outbound("web")),
        *(Durable(f"gateway-chat-{name}", subj.conversation(name))
          for name in CONVERSATION_FOLLOWED_BY_GATEWAY),
        Durable("gateway-consultant-access", subj.CONSULTANT_ACCESS),
    ),
    follows=(subj.CONVERSATION_ALL, subj.CONSULTANT_NOTIFIED, subj.CONSULTANT_PRESENCE),
    # Scheduled channel posts are published by the lease's holder only.
    leases=(subj.LEASE_GATEWAY_POSTS,),
)

TELEGRAM = Identity(
    name="telegram",
    publishes=(
        subj.inbound("telegram"), subj.CLIENT_ERASURE_REQUESTED,
        subj.OUTBOUND_DELIVERED, subj.OUTBOUND_UNDELIVERABLE,
    ),
    # Channel posts and alerts are the gateway's to order (only it may publish on these subjects).
    serves=(*TELEGRAM_CHANNEL_POSTS, *TELEGRAM_ALERTS),
    # /help opens the self-help library: articles are the same for every client. Consultants'
    # own Telegram: redeem link codes, unlink, ask whom to DM for a notice.
    requests=(
        subj.RPC_DIRECTORY_ARTICLES, subj.RPC_DIRECTORY_TELEGRAM_LINK, subj.RPC_DIRECTORY_TELEGRAM_UNLINK,
        subj.RPC_DIRECTORY_TELEGRAM_RECIPIENTS,
    ),
    consumes=(
        Durable("telegram-outbound", subj.outbound("telegram")),
        Durable("telegram-consultant-notices", subj.CONSULTANT_NOTIFIED),
    ),
    # Approved alerts are sent by the lease's holder only.
    leases=(subj.LEASE_TELEGRAM_ALERTS,),
)

TRIAGE = Identity(
    name="triage",
    # Automatic replies (first aid) go out on the client's own channel.
    publishes=(subj.TRIAGED, *(subj.outbound(channel) for channel in CHANNELS)),
    # `peerline triage export-corrections` runs as triage: the corrections train its model.
    requests=(subj.rpc_notifications("export_corrections"),),
    consumes=(
        Durable("triage-inbound", subj.INBOUND_ALL),
        Durable("triage-erasure", subj.CLIENT_ERASURE_REQUESTED),
    ),
    # The first-aid lookout: a head start on the main path's work, one replica a message.
    follows=(subj.INBOUND_ALL,),
)

DIRECTORY = Identity(
    name="directory",
    publishes=(subj.CONSULTANT_PRESENCE, subj.CONSULTANT_ACCESS),
    serves=(subj.RPC_DIRECTORY_ALL,),
    consumes=tuple(Durable(f"directory-load-{name}", subj.conversation(name))
                   for name in CONVERSATION_FOLLOWED_BY_DIRECTORY),
)

NOTIFICATIONS = Identity(
    name="notifications",
    publishes=(
        subj.CONVERSATION_ALL, subj.CONSULTANT_NOTIFIED,
        *(subj.outbound(channel) for channel in CHANNELS),
    ),
    requests=(
        subj.RPC_DIRECTORY_CANDIDATES, subj.RPC_DIRECTORY_ON_SHIFT, subj.RPC_DIRECTORY_SPECIALISTS,
        subj.RPC_DIRECTORY_SHIFT_HOURS, subj.RPC_DIRECTORY_SUGGEST_ARTICLES,
    ),
    serves=(f"{subj.RPC_NOTIFICATIONS_PREFIX}.*",),
    consumes=(
        Durable("notifications-triaged", subj.TRIAGED),
        Durable("notifications-erasure", subj.CLIENT_ERASURE_REQUESTED),
        Durable("notifications-undeliverable", subj.OUTBOUND_UNDELIVERABLE),
    ),
    # Its SLA, outbox, notice and retention loops run on the lease's holder only.
    leases=(subj.LEASE_NOTIFICATIONS,),
)

OPERATOR = Identity(name=ADMIN, unrestricted=True)

SERVICE_IDENTITIES: tuple[Identity, ...] = (GATEWAY, TELEGRAM, TRIAGE, DIRECTORY, NOTIFICATIONS)
IDENTITIES: tuple[Identity, ...] = (*SERVICE_IDENTITIES, OPERATOR)
BY_NAME: Mapping[str, Identity] = {identity.name: identity for identity in IDENTITIES}


def identity(name: str) -> Identity:
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(f"no NATS identity {name!r} (known: {', '.join(BY_NAME)})") from None


def new_password() -> str:
    return secrets.token_urlsafe(32)


def password_variable(name: str) -> str:
    """The nats-server config variable (from its environment) holding this user's password."""
    return f"NATS_PASSWORD_{name.upper()}"


def authorization_conf(password: Callable[[Identity], str]) -> str:
    """nats-server's `authorization` block for every identity; `password(identity)` is the
    config value (a quoted literal, or a `$VARIABLE` the server reads from its environment)."""
    users = "\n".join(_user_conf(each, password(each)) for each in IDENTITIES)
    return f"authorization {{\n  users: [\n{users}\n  ]\n}}\n"


def _user_conf(each: Identity, password: str) -> str:
    head = f'    {{user: "{each.name}", password: {password}'
    if each.unrestricted:
        return head + "}"
    responses = "\n        allow_responses: true" if each.serves else ""
    return (
        f"{head}, permissions: {{\n"
        f"        publish: {{allow: {_subjects(each.publish_allowed())}}}\n"
        f"        subscribe: {{allow: {_subjects(each.subscribe_allowed())}}}{responses}\n"
        "    }}"
    )


def _subjects(subjects: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{subject}"' for subject in subjects) + "]"


def production_conf() -> str:
    """infra/nats/cluster/identities.conf: passwords from the nodes' environment."""
    header = (
        "# Generated from peerline_shared/nats_identities.py by `peerline nats identities-conf`:\n"
        "# edit the table there, then regenerate this file (a test compares them).\n"
    )
    return header + authorization_conf(lambda each: f"${password_variable(each.name)}")


def literal_conf(passwords: Mapping[str, str]) -> str:
    """The block with the passwords written in (a development server's own config)."""
    return authorization_conf(lambda each: f'"{passwords[each.name]}"')


def with_credentials(nats_url: str, user: str, password: str) -> str:
    """Every server of `nats_url` (comma-separated) with `user:password` in place of any
    credentials it had."""
    parts = [urlsplit(url.strip()) for url in nats_url.split(",") if url.strip()]
    userinfo = f"{quote(user, safe='')}:{quote(password, safe='')}"
    return ",".join(
        part._replace(netloc=f"{userinfo}@{part.netloc.rpartition('@')[2]}").geturl() for part in parts
    )
