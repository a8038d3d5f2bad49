{{ base_extract('web', 'event') }}
