"""Console URLs of the 依申请公开 app, mounted at /console/foi/ (namespace console:foi)."""

app_name = "foi"

urlpatterns: list = []
