"""Bad-batch alerts: subscriptions (here only, beside the encrypted chat map), two-person
approval, and delivery at most once per subscriber through the adapter's rate limits."""
