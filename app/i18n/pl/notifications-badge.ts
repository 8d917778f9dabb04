// The notifications link of the app layout's header (app/components/notifications-link.tsx) and
// its unread count, built by the layout's loader (app/utils/app-header.server.ts).
// notificationsText includes these keys.
export const notificationsBadgeText = {
  title: "Powiadomienia",
  unreadCount: (count: number, label: string) => `${count} ${label}`,
  unreadForms: {
    one: "nieprzeczytane powiadomienie",
    few: "nieprzeczytane powiadomienia",
    many: "nieprzeczytanych powiadomień",
    other: "nieprzeczytanego powiadomienia",
  },
  unreadCapped: (cap: number) => `Ponad ${cap - 1} nieprzeczytanych powiadomień`,
};
