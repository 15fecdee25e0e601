# The demo sends the outbox beside the server (with the log backend unless gateways are configured).
WORKERS = [["notifications", "send", "--loop", "--interval", "5"]]
