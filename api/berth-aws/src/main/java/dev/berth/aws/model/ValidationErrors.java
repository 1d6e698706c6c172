package dev.berth.aws.model;

import dev.berth.domain.error.ErrorCode;

/**
 * Which error a service answers with when input does not fit its model: ECS says ClientException
 * for a wrong type and InvalidParameterException for a value out of bounds; other services name
 * these differently (SSM: ValidationException).
 *
 * @param wrongType a member of the wrong JSON type, or a structure that is not an object
 * @param badValue a missing required member, a value outside an enum, a length or a range
 */
public record ValidationErrors(ErrorCode wrongType, ErrorCode badValue) {
}
