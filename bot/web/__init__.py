"""The public web process (port 8080): the chat widget and its chat API,
the demo page, health probes, rate limits and security headers, and the
mount points for the editor (`bot.admin`) and the Telegram webhook. It is
the only public door; Rasa and the action server stay on 127.0.0.1."""
