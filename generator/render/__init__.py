"""Reports → files. Subpackages in the order data flows through them, each importing only
those before it (``tests/test_architecture.py`` holds it so): ``renderset`` (what rendering
produces) · ``text`` · ``views`` · ``figures`` · ``site`` · ``print`` · ``deck`` · ``export``."""
