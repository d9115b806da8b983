from . import sale_order_rma_wizard
