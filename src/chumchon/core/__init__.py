"""Core (แกนกลาง): Thai formatting, fiscal years, background jobs, the demo and the CLI."""
