"""The self-help library in the gateway: the clients' pages and the console's search and
editing. The directory owns the articles; nothing here decides which ones a client sees."""
