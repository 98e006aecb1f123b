"""Awards: scoring, nominations, meetings and votes."""
