from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with the smallest cost, so that the test suite does not spend minutes hashing.

    Used only when SCHOOLPRIVACY_MODE is test; production uses Django's default Argon2 costs.
    """

    time_cost = 1
    memory_cost = 8
    parallelism = 1
