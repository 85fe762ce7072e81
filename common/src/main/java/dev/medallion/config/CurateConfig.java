package dev.medallion.config;

/**
 * The curate job's configuration.
 *
 * @param lake the lake root
 * @param fullRebuild rebuild the curated tables from all of cleansed instead of only what is new
 */
public record CurateConfig(LakeLocation lake, boolean fullRebuild) {}
