"""Incidents: reporting one, its evidence, sharing it with the force."""
