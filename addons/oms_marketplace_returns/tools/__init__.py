from . import returns
