from . import oms_hold_release
from . import oms_cod_remittance
from . import oms_settlement_import
