"""Chat with the running assistant in a terminal (`make shell`).

Type a message; type a button's number to press it; Ctrl-D or /quit ends.
"""

from __future__ import annotations

from typing import Dict, List

from bot.channels.rasa_webhook import new_sender_id, send


def show(replies: List[Dict]) -> List[Dict]:
    buttons: List[Dict] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\nbot> {reply['text']}")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            print(f"  [{len(buttons)}] {button['title']}")
    return buttons


def main() -> None:
    sender = new_sender_id()
    buttons: List[Dict] = []
    print("Chatting with the assistant (Ctrl-D to leave). Is `make run` running?")
    while True:
        try:
            text = input("\nyou> ").strip()
        except EOFError:
            print()
            return
        if text == "/quit":
            return
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            buttons = show(send(sender, text, channel="cli"))
        except ConnectionError as error:
            print(f"The assistant is not reachable ({error}). Start it with `make run`.")


if __name__ == "__main__":
    main()
