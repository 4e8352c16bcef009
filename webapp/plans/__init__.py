"""Campaign activity plans: create, view, change, cancel and list them, with safety prompts."""
