"""API (ส่วนเชื่อมต่อโปรแกรม): the JSON API with its OpenAPI schema."""
