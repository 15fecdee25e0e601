"""Model-free helpers shared by every area (no ORM, no request)."""
