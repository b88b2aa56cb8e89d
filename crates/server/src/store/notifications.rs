//! Members' notification choices per room (migration `0009_notifications.sql`).

use confab_protocol::notification::{DesktopNotifications, NotificationPrefs};
use confab_protocol::{Subscription, Timestamp};

use super::Store;

impl Store {
    /// The members of `room_id` other than `except`, with their choices.
    pub async fn notification_prefs(
        &self,
        room_id: &str,
        except: &str,
    ) -> Result<Vec<(String, NotificationPrefs)>, sqlx::Error> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT user_id, desktop_notifications, disable_notifications, mute_group_mentions \
             FROM subscriptions WHERE room_id = $1 AND user_id != $2",
        )
        .bind(room_id)
        .bind(except)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user, desktop, disabled, mute_group_mentions)| {
                let desktop = DesktopNotifications::parse(&desktop).unwrap_or_default();
                (
                    user,
                    NotificationPrefs {
                        desktop,
                        disabled: disabled != 0,
                        mute_group_mentions: mute_group_mentions != 0,
                    },
                )
            })
            .collect())
    }

    /// Stores `user_id`'s choices in `room_id`; the changed subscription, or none when they are
    /// not a member.
    pub async fn save_notification_prefs(
        &self,
        room_id: &str,
        user_id: &str,
        prefs: NotificationPrefs,
        now: Timestamp,
    ) -> Result<Option<Subscription>, sqlx::Error> {
        sqlx::query(
            "UPDATE subscriptions SET desktop_notifications = $1, disable_notifications = $2, mute_group_mentions = $3, \
             updated_at = MAX(updated_at + 1, $4) WHERE room_id = $5 AND user_id = $6",
        )
        .bind(prefs.desktop.as_str())
        .bind(i64::from(prefs.disabled))
        .bind(i64::from(prefs.mute_group_mentions))
        .bind(now.millis())
        .bind(room_id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        self.subscription(room_id, user_id).await
    }
}
