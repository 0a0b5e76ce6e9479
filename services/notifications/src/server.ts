// NotificationsService: no RPCs yet (they arrive with the notifications issue); registered so the
// service is listed by reflection and reported by health checks.

import { NotificationsService } from "#gen/usual/notifications/v1/notifications_pb.js";
import { registration, type ServiceRegistration } from "#libs/grpc/src/index.js";

export function notificationsService(): ServiceRegistration {
  return registration(NotificationsService, {});
}
