"""Extra URLs of this app's wizard steps, beyond the generic step and preview views."""

urlpatterns: list = []
