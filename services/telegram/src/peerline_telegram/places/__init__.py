"""Where the client is: the keyboards that ask, and what a press on them means."""
