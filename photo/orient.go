package photo

import "image"

// orient turns a 4:2:0 image upright according to an EXIF orientation value.
// It runs on the already shrunk image: turning 12 megapixels first would cost
// more than the whole resize.
func orient(m *image.YCbCr, orientation int) *image.YCbCr {
	if orientation <= orientNormal || orientation > orientRotate90CC {
		return m
	}
	y, cb, cr := planes420(m)
	return image420(orientPlane(y, orientation), orientPlane(cb, orientation), orientPlane(cr, orientation))
}

// orientPlane applies one of the eight EXIF orientations to a plane. Each one
// maps destination (x, y) to a source index that moves by a fixed step per
// column and per row, so one loop serves them all.
func orientPlane(src plane, orientation int) plane {
	w, h, s := src.w, src.h, src.stride
	last, lastRow := w-1, (h-1)*s
	var dst plane
	var origin, stepX, stepY int
	switch orientation {
	case orientFlipH:
		dst, origin, stepX, stepY = newPlane(w, h), last, -1, s
	case orientRotate180:
		dst, origin, stepX, stepY = newPlane(w, h), lastRow+last, -1, -s
	case orientFlipV:
		dst, origin, stepX, stepY = newPlane(w, h), lastRow, 1, -s
	case orientTranspose:
		dst, origin, stepX, stepY = newPlane(h, w), 0, s, 1
	case orientRotate90CW:
		dst, origin, stepX, stepY = newPlane(h, w), lastRow, -s, 1
	case orientTransverse:
		dst, origin, stepX, stepY = newPlane(h, w), lastRow+last, -s, -1
	case orientRotate90CC:
		dst, origin, stepX, stepY = newPlane(h, w), last, s, -1
	default:
		return src
	}
	parallelRows(dst.h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			i := origin + y*stepY
			for x, d := 0, dst.row(y); x < len(d); x++ {
				d[x] = src.pix[i]
				i += stepX
			}
		}
	})
	return dst
}
