from . import oms_hold_release
