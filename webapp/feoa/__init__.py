"""The police adviser's (FEOA) pages: dashboard, candidates, contacts, briefings, shared incidents, digests."""
