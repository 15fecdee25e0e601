# The demo runs the pickup-cancellation job beside the server, hourly.
WORKERS = [["pickup_cancel_expired", "--every", "3600"]]
