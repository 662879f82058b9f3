"""The web app (Gradio, Vietnamese) that `tdkt serve` mounts at / beside the API."""

from ui.app import build_ui, mount_ui

__all__ = ["build_ui", "mount_ui"]
