// RecommendationsService: no RPCs yet (they arrive with the recommendations issue); registered so the
// service is listed by reflection and reported by health checks.

import { RecommendationsService } from "#gen/usual/recommendations/v1/recommendations_pb.js";
import { registration, type ServiceRegistration } from "#libs/grpc/src/index.js";

export function recommendationsService(): ServiceRegistration {
  return registration(RecommendationsService, {});
}
