app_name = "sources"
urlpatterns = []
