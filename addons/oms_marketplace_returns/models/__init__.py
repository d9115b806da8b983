from . import oms_marketplace_account
from . import oms_marketplace_return
from . import rma
