"""Console URLs of the publishing app, mounted at /console/publishing/ (namespace console:publishing)."""

app_name = "publishing"

urlpatterns: list = []
