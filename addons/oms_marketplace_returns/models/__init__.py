from . import oms_marketplace_account
