"""Plans (แผนพัฒนา): tambon plans linked up to province and national strategies."""
