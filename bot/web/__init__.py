"""The public web process (port 8080): the chat widget, its chat API and
the demo page. It is the only public door; Rasa stays on 127.0.0.1."""
