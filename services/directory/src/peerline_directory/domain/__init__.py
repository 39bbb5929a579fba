"""Pure rules of the directory: shifts, routing order, help-service search terms. No I/O."""
