"""The assistant on Telegram: commands, text, buttons, and everything else.

Text goes to the assistant (Rasa, through the relay); its replies come back
HTML-escaped, split under 4096 characters, with buttons as inline keyboards.
Each chat's messages are handled one at a time and in order; a chat that
floods is slowed without holding up other chats.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import Any, Dict, List, Optional

from telegram import BotCommand, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import settings
from bot.channels.relay import RasaRelay
from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.contract import EXPECT_PASTE, TELEGRAM_CALLBACK_LIMIT
from bot.http.ratelimit import RateLimiter
from bot.logs import conversation_ref
from bot.privacy.conversations import forget
from bot.telegram.ids import conversation_id
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.seen import SeenUpdates
from bot.telegram.text import split

logger = logging.getLogger(__name__)
READY_LOG_SECONDS = 15

COMMANDS = [
    ("start", "Welcome and what I can do"),
    ("help", "How to use this chat"),
    ("topics", "Pick a topic"),
    ("privacy", "What happens to what you type"),
    ("forget", "Delete this chat's history"),
    ("restart", "Start the conversation again"),
]
NON_TEXT = (
    filters.PHOTO
    | filters.Sticker.ALL
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.ANIMATION
    | filters.POLL
)


class TelegramAssistant:
    def __init__(
        self,
        relay: RasaRelay,
        content: ContentSource,
        limiter: Optional[RateLimiter] = None,
    ) -> None:
        self.relay = relay
        self.content = content
        self.limiter = limiter or RateLimiter()
        self.seen = SeenUpdates()
        self._locks: Dict[int, asyncio.Lock] = collections.defaultdict(asyncio.Lock)

    # ---- helpers -------------------------------------------------------------

    def reply(self, name: str) -> Dict[str, Any]:
        return Composer(self.content.current(), Resident(channel="telegram")).compose(name)

    @staticmethod
    def keyboard(buttons: List[Dict[str, str]]) -> Optional[InlineKeyboardMarkup]:
        rows = [
            [InlineKeyboardButton(b["title"], callback_data=b["payload"])]
            for b in buttons
            if len(b["payload"].encode()) <= TELEGRAM_CALLBACK_LIMIT
        ]
        return InlineKeyboardMarkup(rows) if rows else None

    async def send(
        self,
        message: Message,
        text: str,
        buttons: Optional[List[Dict[str, str]]] = None,
        expect: Optional[str] = None,
    ) -> None:
        chunks = split(text)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            markup: Optional[InlineKeyboardMarkup | ForceReply] = (
                self.keyboard(buttons or []) if last else None
            )
            if last and expect == EXPECT_PASTE:
                # The resident's answer comes back as a reply to this message: their paste.
                markup = ForceReply(input_field_placeholder="Paste or forward the message")
            await message.chat.send_message(
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_web_page_preview=True,
            )

    async def send_reply(self, message: Message, name: str) -> None:
        rendered = self.reply(name)
        await self.send(message, rendered["text"], rendered["buttons"])

    async def ask(self, message: Message, text: str, command: bool = False, pasted: bool = False) -> None:
        """Relay to the assistant and send its replies, in order."""
        sender = conversation_id(message.chat.id)
        await message.chat.send_action(ChatAction.TYPING)
        for reply in await self.relay.send(sender, text, command=command, pasted=pasted):
            await self.send(message, reply["text"], reply.get("buttons"), reply.get("expect"))

    def is_paste(self, message: Message, text: str) -> bool:
        """A forwarded message, an answer to "paste the message", or one the
        resident introduces ("is this a scam? ...") is checked for a scam."""
        replied = message.reply_to_message
        # The prompt is rendered only for a reply to the bot, not for every message.
        answered_prompt = (
            replied is not None
            and replied.from_user is not None
            and replied.from_user.is_bot
            and (replied.text or "").startswith(self.reply("utter_ask_paste")["text"].split("\n")[0][:40])
        )
        return self.relay.pasted(text, message.forward_origin is not None or answered_prompt)

    # ---- guards --------------------------------------------------------------

    async def drop_repeats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Group -1: a repeated update id or an edited message stops here."""
        if update.edited_message or not await self.seen.first_time(update.update_id):
            raise ApplicationHandlerStop

    async def _allowed(self, message: Message) -> bool:
        """Per-chat flood control: over the limit, drop; the first message
        over it (counted across replicas) gets the one warning."""
        over = await self.limiter.over_by("telegram_chat", conversation_id(message.chat.id))
        if over == 1:
            await self.send_reply(message, "telegram_slow_down")
        return over <= 0

    # ---- handlers ------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        text = message.text
        if message.chat.type != ChatType.PRIVATE:
            username = context.bot.username or ""
            addressed = f"@{username}".lower() in text.lower() or (
                message.reply_to_message is not None
                and message.reply_to_message.from_user is not None
                and message.reply_to_message.from_user.id == context.bot.id
            )
            if not addressed:
                return
            text = text.replace(f"@{username}", "").strip() or "hello"
        async with self._locks[message.chat.id]:
            if not await self._allowed(message):
                return
            await self.ask(message, text, pasted=self.is_paste(message, text))
            if message.chat.type != ChatType.PRIVATE:
                await self.send_reply(message, "telegram_group")

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.chat.type == ChatType.PRIVATE:
            await self.send_reply(message, "telegram_text_only")

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.message is None or not isinstance(query.data, str):
            return
        await query.answer()
        message = query.message
        if not isinstance(message, Message):
            return  # too old for Telegram to show; nothing to answer under
        label = next(
            (
                button.text
                for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
                for button in row
                if button.callback_data == query.data
            ),
            None,
        )
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError:
            pass  # the message may be too old to edit; the answer still follows
        if label:
            await message.chat.send_message(f"\u203a {label}")
        if query.data in ("forget:yes", "forget:no"):
            await self.finish_forget(message, query.data == "forget:yes")
            return
        async with self._locks[message.chat.id]:
            await self.ask(message, query.data)

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message:
            await self.send_reply(update.effective_message, "telegram_start")
            await self.ask(update.effective_message, "/what_can_you_do", command=True)

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message:
            await self.send_reply(update.effective_message, "telegram_help")

    async def topics(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message:
            await self.ask(update.effective_message, "/what_can_you_do", command=True)

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message:
            await self.ask(update.effective_message, "/privacy", command=True)

    async def forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message:
            await self.send_reply(update.effective_message, "telegram_forget_confirm")

    async def finish_forget(self, message: Message, confirmed: bool) -> None:
        if not confirmed:
            await self.send_reply(message, "telegram_kept")
            return
        sender = conversation_id(message.chat.id)
        await asyncio.get_running_loop().run_in_executor(None, forget, sender)
        logger.info("telegram chat forgotten on request", extra={"conversation_id": conversation_ref(sender)})
        await self.send_reply(message, "telegram_forgotten")

    async def restart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message:
            await self.relay.restart(conversation_id(message.chat.id))
            await self.send_reply(message, "telegram_restarted")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error(
            "a Telegram update could not be handled; the resident may not have had an answer",
            extra={"error": type(context.error).__name__},
        )

    # ---- wiring --------------------------------------------------------------

    def add_handlers(self, application: Application) -> None:
        application.add_handler(TypeHandler(Update, self.drop_repeats), group=-1)
        for name, callback in (
            ("start", self.start),
            ("help", self.help),
            ("topics", self.topics),
            ("privacy", self.privacy),
            ("forget", self.forget),
            ("restart", self.restart),
        ):
            application.add_handler(CommandHandler(name, callback))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(NON_TEXT, self.on_non_text))
        application.add_error_handler(self.on_error)


async def set_commands(application: Application) -> None:
    await application.bot.set_my_commands([BotCommand(name, about) for name, about in COMMANDS])


async def wait_for_rasa(relay: RasaRelay) -> None:
    """Hold the poller until Rasa has loaded its model: updates stay queued at
    Telegram (for up to 24 hours) instead of being answered with an error."""
    waited = 0
    while not await relay.ready(wait=READY_LOG_SECONDS):
        waited += READY_LOG_SECONDS
        logger.warning(
            f"waiting for Rasa to load its model before taking Telegram updates ({waited}s so far); "
            f"check the Rasa process on {settings.rasa_url()}"
        )


def build_application(
    token: str,
    api_base_url: Optional[str] = None,
    relay: Optional[RasaRelay] = None,
    content: Optional[ContentSource] = None,
    updater: bool = True,
    limiter: Optional[RateLimiter] = None,
    wait_for_model: bool = False,
) -> Application:
    """The python-telegram-bot Application with the assistant's handlers.

    `wait_for_model` (polling mode): take no updates until Rasa is ready.
    Either way the relay's outbox is delivered in the background."""
    content = content or default_source()
    relay = relay or RasaRelay(channel="telegram", content=content)

    async def post_init(application: Application) -> None:
        if wait_for_model:
            await wait_for_rasa(relay)
        await set_commands(application)
        asyncio.get_running_loop().run_in_executor(None, relay.warm_up)
        # Not application.create_task: Application.stop() waits for those to end.
        application.bot_data["outbox"] = asyncio.create_task(relay.outbox.run())

    async def post_shutdown(application: Application) -> None:
        task = application.bot_data.pop("outbox", None)
        if task is not None:
            task.cancel()

    builder = (
        ApplicationBuilder()
        .token(token)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if api_base_url:
        base = api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data["relay"] = relay
    TelegramAssistant(relay, content, limiter).add_handlers(application)
    return application
