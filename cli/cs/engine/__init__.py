"""The decision code shared by ``cs explain``, ``cs simulate`` and library users."""
