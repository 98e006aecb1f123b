"""Settings: base (shared), local (developer default), production, test."""
