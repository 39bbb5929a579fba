"""Channel post commands from the gateway (`helpline.rpc.telegram.channel.*`).

Only the gateway's NATS identity may publish on these subjects (infra/nats identities). They
carry no person's actor: a scheduled post is sent by the gateway's publisher, not by a click,
and who wrote and published it is in the gateway's content audit."""

from __future__ import annotations

from peerline_shared.bus import BusRouter
from peerline_shared.events import ChannelPostDone, DeleteChannelPost, EditChannelPost, PublishChannelPost
from peerline_shared.events import subjects as subj
from peerline_telegram.channels.service import ChannelDesk

QUEUE = "telegram-channels"
router = BusRouter()


@router.rpc(subject=subj.RPC_TELEGRAM_CHANNEL_PUBLISH, request=PublishChannelPost, reply=ChannelPostDone,
            queue=QUEUE)
async def publish(command: PublishChannelPost, channels: ChannelDesk) -> ChannelPostDone:
    return await channels.publish(command)


@router.rpc(subject=subj.RPC_TELEGRAM_CHANNEL_EDIT, request=EditChannelPost, reply=ChannelPostDone,
            queue=QUEUE)
async def edit(command: EditChannelPost, channels: ChannelDesk) -> ChannelPostDone:
    return await channels.edit(command)


@router.rpc(subject=subj.RPC_TELEGRAM_CHANNEL_DELETE, request=DeleteChannelPost, reply=ChannelPostDone,
            queue=QUEUE)
async def delete(command: DeleteChannelPost, channels: ChannelDesk) -> ChannelPostDone:
    return await channels.delete(command)
