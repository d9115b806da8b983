"""Distances for sourcing: coordinates when known, an Indonesian province table otherwise.

Plain Python, no Odoo import. The province table gives, for each province code
of Odoo's base data (``res.country.state`` of Indonesia), the approximate
coordinates of its capital and its island zone. It is the fallback when an
address or a warehouse has no latitude/longitude.
"""

import math

EARTH_RADIUS_KM = 6371.0

# code: (capital, latitude, longitude, zone)
ID_PROVINCES = {
    "AC": ("Banda Aceh", 5.55, 95.32, "sumatra"),
    "SU": ("Medan", 3.59, 98.67, "sumatra"),
    "SB": ("Padang", -0.95, 100.35, "sumatra"),
    "RI": ("Pekanbaru", 0.51, 101.45, "sumatra"),
    "KR": ("Tanjung Pinang", 0.92, 104.45, "sumatra"),
    "JA": ("Jambi", -1.61, 103.61, "sumatra"),
    "BE": ("Bengkulu", -3.80, 102.27, "sumatra"),
    "SS": ("Palembang", -2.98, 104.76, "sumatra"),
    "BB": ("Pangkal Pinang", -2.13, 106.11, "sumatra"),
    "LA": ("Bandar Lampung", -5.43, 105.26, "sumatra"),
    "BT": ("Serang", -6.12, 106.15, "java"),
    "JK": ("Jakarta", -6.21, 106.85, "java"),
    "JB": ("Bandung", -6.91, 107.61, "java"),
    "JT": ("Semarang", -6.97, 110.42, "java"),
    "YO": ("Yogyakarta", -7.80, 110.36, "java"),
    "JI": ("Surabaya", -7.25, 112.75, "java"),
    "BA": ("Denpasar", -8.65, 115.22, "bali_nusa"),
    "NB": ("Mataram", -8.58, 116.12, "bali_nusa"),
    "NT": ("Kupang", -10.18, 123.61, "bali_nusa"),
    "KB": ("Pontianak", -0.03, 109.33, "kalimantan"),
    "KT": ("Palangka Raya", -2.21, 113.92, "kalimantan"),
    "KS": ("Banjarmasin", -3.32, 114.59, "kalimantan"),
    "KI": ("Samarinda", -0.50, 117.15, "kalimantan"),
    "KU": ("Tanjung Selor", 2.84, 117.37, "kalimantan"),
    "SA": ("Manado", 1.47, 124.84, "sulawesi"),
    "GO": ("Gorontalo", 0.54, 123.06, "sulawesi"),
    "ST": ("Palu", -0.90, 119.87, "sulawesi"),
    "SR": ("Mamuju", -2.68, 118.89, "sulawesi"),
    "SN": ("Makassar", -5.15, 119.43, "sulawesi"),
    "SG": ("Kendari", -3.97, 122.51, "sulawesi"),
    "MA": ("Ambon", -3.70, 128.18, "maluku_papua"),
    "MU": ("Sofifi", 0.74, 127.57, "maluku_papua"),
    "PA": ("Jayapura", -2.53, 140.72, "maluku_papua"),
    "PB": ("Manokwari", -0.86, 134.06, "maluku_papua"),
    "PD": ("Sorong", -0.88, 131.25, "maluku_papua"),
    "PS": ("Merauke", -8.49, 140.40, "maluku_papua"),
    "PT": ("Nabire", -3.37, 135.50, "maluku_papua"),
    "PE": ("Wamena", -4.10, 138.94, "maluku_papua"),
}


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def point_of(latitude, longitude, province_code):
    """Best known point of a place: its own coordinates, else its province's capital."""
    if latitude or longitude:
        return (latitude, longitude)
    province = ID_PROVINCES.get((province_code or "").upper())
    if province:
        return (province[1], province[2])
    return None


def zone_of(province_code):
    province = ID_PROVINCES.get((province_code or "").upper())
    return province[3] if province else None


def distance_km(origin, destination):
    """Distance between two (latitude, longitude) points, None when one is unknown."""
    if origin is None or destination is None:
        return None
    return haversine_km(origin[0], origin[1], destination[0], destination[1])
