from django.urls import include, path

from gongkai.console.views import audit, auth, calendar, dashboard, orgs, staff, tokens

app_name = "console"

urlpatterns = [
    # Each domain app owns its console pages under its own prefix.
    path("catalog/", include("gongkai.catalog.console_urls")),
    path("foi/", include("gongkai.foi.console_urls")),
    path("publishing/", include("gongkai.publishing.console_urls")),
    path("search/", include("gongkai.search.console_urls")),
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", auth.login, name="login"),
    path("login/otp/", auth.otp_verify, name="otp_verify"),
    path("login/otp/enroll/", auth.otp_enroll, name="otp_enroll"),
    path("logout/", auth.logout, name="logout"),
    path("account/", auth.account, name="account"),
    path("account/password/", auth.password_change, name="password_change"),
    path("orgs/", orgs.org_list, name="org_list"),
    path("orgs/new/", orgs.org_create, name="org_create_root"),
    path("orgs/<int:org_id>/", orgs.org_detail, name="org_detail"),
    path("orgs/<int:org_id>/edit/", orgs.org_edit, name="org_edit"),
    path("orgs/<int:parent_id>/new/", orgs.org_create, name="org_create"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.staff_create, name="staff_create"),
    path("staff/<int:user_id>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:user_id>/edit/", staff.staff_edit, name="staff_edit"),
    path("staff/<int:user_id>/memberships/", staff.staff_membership_add, name="staff_membership_add"),
    path(
        "staff/<int:user_id>/memberships/<int:membership_id>/remove/",
        staff.staff_membership_remove,
        name="staff_membership_remove",
    ),
    path("staff/<int:user_id>/<slug:action>/", staff.staff_action, name="staff_action"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/deadline/", calendar.calendar_deadline, name="calendar_deadline"),
    path("calendar/confirm/", calendar.calendar_confirm, name="calendar_confirm"),
    path("api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/verify/", audit.audit_verify, name="audit_verify"),
]
