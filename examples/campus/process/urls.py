"""ROOT_URLCONF of a real process: the routes of the app `campus.process.app` builds."""

from .app import application

_urlconf = application().urlconf
urlpatterns = _urlconf.urlpatterns
handler400 = _urlconf.handler400
handler403 = _urlconf.handler403
handler404 = _urlconf.handler404
handler500 = _urlconf.handler500
