"""What a build can redo and so may keep: sealed entries on disk, bounded memos, compiled templates."""
