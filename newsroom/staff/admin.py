from newsroom.staff.second_factor import admin as second_factor_admin  # noqa: F401 - registers with the admin
