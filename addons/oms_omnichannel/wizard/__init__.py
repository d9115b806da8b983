from . import oms_hold_release
from . import oms_cod_remittance
