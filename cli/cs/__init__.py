"""cs: policy as code for live-chat customer service."""

__version__ = "0.1.0"
