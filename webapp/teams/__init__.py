"""Teams, shared plans, do-not-knock notes; with webapp.calendar and webapp.pledge (same issue)."""


def blueprints() -> tuple:
    """Every blueprint of this area, for create_app to register."""
    from webapp import calendar, pledge
    from webapp.teams import hazard_routes, invite_routes, plan_routes, routes

    return (routes.bp, invite_routes.bp, hazard_routes.bp, plan_routes.bp, calendar.bp, pledge.bp, pledge.admin_bp)
