// The notifications link of the app layout's header (app/components/notifications-link.tsx) and
// its unread count. notificationsText includes these keys, so the layout's bundle carries only
// these lines and not the whole notifications section.
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
