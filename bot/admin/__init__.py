"""The comms team's editor, served under /admin by the public web process."""
