"""Accounts (ผู้ใช้และบทบาท): users, roles in bodies with an area scope, and the permission module."""
